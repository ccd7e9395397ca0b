// Reads the features of a GeoJSON FeatureCollection one at a time (stream-json), so a 100 MB
// full-resolution file is never held whole in memory. .gz files are unzipped as they are read.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import parser from 'stream-json';
import pick from 'stream-json/filters/pick.js';
import streamArray from 'stream-json/streamers/stream-array.js';

export interface RawFeature { type?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown }

/** The file is not readable GeoJSON; the message says why, for the person who chose it. */
export class NotGeoJsonError extends Error {}

/**
 * Calls `onFeature` for each feature in file order (it may throw to stop the read). Resolves with
 * the number of features; throws NotGeoJsonError when the file is not JSON or has no features.
 */
export async function readFeatures(path: string, onFeature: (f: RawFeature, index: number) => void, onBytes?: (bytes: number) => void): Promise<number> {
  let index = 0;
  let stopped: unknown = null;
  const source = createReadStream(path);
  if (onBytes) source.on('data', (chunk) => onBytes(chunk.length));
  const stages = path.endsWith('.gz') ? [source, createGunzip()] : [source];
  const sink = new Writable({
    objectMode: true,
    write({ value }: { value: RawFeature }, _enc, done) {
      try {
        onFeature(value, index++);
        done();
      } catch (e) {
        stopped = e;
        done(e as Error);
      }
    },
  });
  try {
    await pipeline([...stages, parser(), pick.asStream({ filter: 'features' }), streamArray.asStream(), sink]);
  } catch (e) {
    // The caller's own refusal goes out as it is; anything else is the file failing to parse.
    if (stopped) throw stopped;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new NotGeoJsonError('there is no such file');
    throw new NotGeoJsonError(`it is not a GeoJSON file (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  if (index === 0) throw new NotGeoJsonError('it has no features: a boundary file is a GeoJSON FeatureCollection of areas');
  return index;
}
