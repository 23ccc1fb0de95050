import fs from 'node:fs';
import path from 'node:path';

const rootPackage = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'),
) as {
  version: string;
};

/** Version of the platform, from the root package.json. */
export const VERSION = rootPackage.version;
