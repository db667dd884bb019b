import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sanitizeFilename } from './applications.service.ts';

// Whatever a browser sends as a file name, what we keep and show is a bounded name that cannot
// reach a path, reorder its text or open as anything but a PDF.

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc
    .array(fc.constantFrom('..', '/', '\\', '\u202E', '\u200F', '\u0000', '\u001F', '\uD800', '\uDC00', '.pdf', '.PDF', '.exe', ' ', '申请表', 'a', '😀'), { maxLength: 120 })
    .map((parts) => parts.join('')),
);

// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const FORBIDDEN = /[\\/\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

describe('upload file names, as properties', () => {
  it('any name becomes a bounded, well-formed PDF name without paths, controls or direction overrides', () => {
    fc.assert(
      fc.property(hostile, (name) => {
        const kept = sanitizeFilename(name);
        assert.ok(/\.pdf$/i.test(kept), kept);
        assert.ok(!FORBIDDEN.test(kept), JSON.stringify(kept));
        assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(kept), `lone surrogate in ${JSON.stringify(kept)}`);
        assert.ok([...kept].length <= 200, `${[...kept].length} characters`);
        assert.ok(kept.replace(/\.pdf$/i, '').length > 0, 'a name remains before .pdf');
        assert.equal(sanitizeFilename(kept), kept, 'keeping a kept name changes nothing');
      }),
      { numRuns: 3000 },
    );
  });

  it('an ordinary name is kept as it was', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9\u4e00-\u9fa5_（）()-][A-Za-z0-9\u4e00-\u9fa5 _（）()-]{0,60}[A-Za-z0-9\u4e00-\u9fa5_（）()-]$/), (stem) => {
        assert.equal(sanitizeFilename(`${stem}.pdf`), `${stem}.pdf`);
      }),
    );
  });
});
