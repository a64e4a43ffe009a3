// A small reverse proxy that adds response headers to HTML documents (the
// strict Content-Security-Policy the server will send), passing everything
// else through, WebSocket upgrades included. A real local server rather than
// a Playwright route: a document fulfilled by a route has no local address,
// and Chromium's Local Network Access checks then block its ws:// to
// 127.0.0.1.

import http from 'node:http';
import net from 'node:net';

export async function startHeaderProxy(targetUrl, extraHeaders) {
  const target = new URL(targetUrl);
  const port = Number(target.port || 80);
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { host: target.hostname, port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (r) => {
        const headers = { ...r.headers };
        if (String(headers['content-type'] ?? '').includes('text/html')) Object.assign(headers, extraHeaders);
        res.writeHead(r.statusCode ?? 502, headers);
        r.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req, socket, head) => {
    const upstream = net.connect(port, target.hostname, () => {
      let raw = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i];
        raw += `${name}: ${name.toLowerCase() === 'host' ? target.host : req.rawHeaders[i + 1]}\r\n`;
      }
      upstream.write(`${raw}\r\n`);
      if (head?.length) upstream.write(head);
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
