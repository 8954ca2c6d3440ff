'use strict';
// Synthetic articles for the tests and the benchmark: a pool of quotes,
// each article quoting a few of them (some words altered, some trimmed)
// among running text. Deterministic for a given seed.

const WORDS = ('harbour ferry council budget river bridge minister water release summit delegation ' +
  'talks deadline treaty farmers valley turbines engineers report season crossing tariff schedule ' +
  'inspectors pier repairs storm warning grain shipment morning evening northern southern coastal ' +
  'village mayor residents union workers strike contract agreement fund dam reservoir levels drought')
  .split(' ');
const NAMES = ['Ilse Varga', 'Tomas Brenner', 'Ana Lucic', 'Piet Kovac', 'Mira Holt', 'Jonas Feld'];

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
}

function sentence(r, n) {
  const w = [];
  for (let i = 0; i < n; i++) w.push(WORDS[Math.floor(r() * WORDS.length)]);
  w[0] = w[0][0].toUpperCase() + w[0].slice(1);
  return w.join(' ');
}

/** `count` articles {id, text}; roughly `quotesPer` quotes each from a pool of `pool`. */
function corpus(count, { seed = 7, pool = 40, quotesPer = 4, fillerPer = 6 } = {}) {
  const r = rng(seed);
  const quotes = [];
  for (let i = 0; i < pool; i++) quotes.push({ words: sentence(r, 10 + Math.floor(r() * 10)).split(' '), who: NAMES[i % NAMES.length] });
  const docs = [];
  for (let d = 0; d < count; d++) {
    const paras = [];
    for (let p = 0; p < fillerPer; p++) paras.push(`${sentence(r, 14)}. ${sentence(r, 9)}.`);
    for (let k = 0; k < quotesPer; k++) {
      const q = quotes[Math.floor(r() * pool)];
      let words = q.words.slice();
      if (r() < 0.3) words[Math.floor(r() * words.length)] = WORDS[Math.floor(r() * WORDS.length)];
      if (r() < 0.2) words = words.slice(0, Math.max(6, words.length - 3));
      const at = Math.floor(r() * (paras.length + 1));
      paras.splice(at, 0, `\u201c${words.join(' ')},\u201d ${q.who} said.`);
    }
    docs.push({ id: `art-${seed}-${d}`, text: paras.join('\n\n') + '\n' });
  }
  return docs;
}

module.exports = { corpus };
