import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * The built console (apps/console/dist) on the gateway's own origin, so the app needs no CORS and
 * its links (`/orders/<id>`, `/offers/<id>`, `/jobs/<id>`, as the chat cards send them) open the app,
 * whose router shows the page. Hashed assets are cached for good; index.html never.
 */
export function serveConsole(dir: string) {
  return (req: IncomingMessage, res: ServerResponse, path: string): void => {
    if (!existsSync(join(dir, 'index.html'))) {
      res
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end(`the console is not built (${dir} has no index.html): run npm run build:console`);
      return;
    }
    const file = normalize(join(dir, decodeURIComponent(path)));
    const inside = file.startsWith(dir + sep);
    const asset = inside && existsSync(file) && statSync(file).isFile();
    if (!asset && extname(path) && path.startsWith('/assets/')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`no ${path}`);
      return;
    }
    const served = asset ? file : join(dir, 'index.html');
    res.writeHead(200, {
      'content-type': types[extname(served)] ?? 'application/octet-stream',
      'cache-control': served.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(served).pipe(res);
  };
}
