/** Benchmark datasets: loaders (pure parsers + thin `load*` I/O), the catalog behind `audit datasets list`, and `pull`. */
export * from './text.js';
export * from './winobias.js';
export * from './stereoset.js';
export * from './crows-pairs.js';
export * from './winogender.js';
export * from './sst2.js';
export * from './catalog.js';
export * from './sources.js';
export * from './hash.js';
export * from './download.js';
export * from './pull.js';
export * from './holisticbias.js';
