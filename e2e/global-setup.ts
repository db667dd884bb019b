import { rmSync } from 'node:fs';

/** Each run starts a fresh server: forget the authenticators bound on the previous one. */
export default function globalSetup(): void {
  rmSync('e2e/artifacts/.authenticators.json', { force: true });
}
