// One assembly for the bench (scripts/bench/dossier.ts), in a process of its own for its peak RSS.
import { readFileSync } from 'node:fs';
import { assembleDossier } from '../../src/server/dossier/assemble.ts';

const [input, out] = process.argv.slice(2);
await assembleDossier(JSON.parse(readFileSync(input!, 'utf8')), out!);
