// Writes surnames.csv.gz (surname,language) from the surname lists of the npm package @faker-js/faker (MIT).
// LayerLab never runs this; it was run once:
//   cd /tmp && npm pack @faker-js/faker@10.6.0 && tar xzf faker-js-faker-10.6.0.tgz \
//     && mkdir -p node_modules/@faker-js && ln -sfn ../../package node_modules/@faker-js/faker \
//     && node /path/to/resources/datasets/surnames.mjs /path/to/resources/datasets/surnames.csv.gz
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const require = createRequire(join(process.cwd(), 'x.js'));
const F = require('@faker-js/faker');
const LANGUAGES = { Czech: 'fakerCS_CZ', English: 'fakerEN', German: 'fakerDE', Italian: 'fakerIT',
                    Polish: 'fakerPL', Romanian: 'fakerRO', Spanish: 'fakerES', Turkish: 'fakerTR' };
const PER_LANGUAGE = 500;

// mulberry32: a small seeded generator, so that the file is the same on every run.
function rng(seed) {
  return () => {
    seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffle(a, random) {
  for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
  return a;
}

const lists = {};
for (const [language, locale] of Object.entries(LANGUAGES)) {
  const raw = F[locale].rawDefinitions.person.last_name;
  const names = (Array.isArray(raw) ? raw : Object.values(raw).flat())
    .map(n => n.normalize('NFC').trim())
    .filter(n => /^[\p{L}][\p{L}' -]*$/u.test(n));   // words of letters only (no templates, no digits)
  lists[language] = [...new Set(names)].sort();
}
// A surname listed under two languages has no one answer: it is left out.
const seen = new Map();
for (const [language, names] of Object.entries(lists)) for (const n of names) seen.set(n, (seen.get(n) ?? 0) + 1);
const random = rng(0);
const rows = [];
for (const [language, names] of Object.entries(lists)) {
  const unique = shuffle(names.filter(n => seen.get(n) === 1), random).slice(0, PER_LANGUAGE);
  for (const n of unique) rows.push([n, language]);
  console.error(`${language}: ${unique.length} of ${names.length}`);
}
shuffle(rows, random);
const csv = 'surname,language\n' + rows.map(([n, l]) => (/[",]/.test(n) ? `"${n.replace(/"/g, '""')}"` : n) + ',' + l).join('\n') + '\n';
writeFileSync(process.argv[2], gzipSync(Buffer.from(csv, 'utf8'), { level: 9, mtime: 0 }));
console.error(`${rows.length} surnames`);
