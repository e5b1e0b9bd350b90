// A second independent test server: Node's `ws` (pinned in third_party/npm), the library
// many production servers run. Prints "READY <port>" once listening on 127.0.0.1.
//   /echo[?deflate=SPEC]  echoes every message with its type. SPEC configures
//                         permessage-deflate for this connection: comma-separated
//                         smwb=N (server_max_window_bits), cmwb=N (client_max_window_bits),
//                         snct (server_no_context_takeover), cnct (client_no_context_takeover);
//                         "off" declines it. Every message is compressed (threshold 0), the
//                         empty one included. Without SPEC, ws's defaults apply.
//   --lifetime S          exit after S seconds (a bound on stray servers)
'use strict';
const http = require('http');
const path = require('path');
const { WebSocketServer } = require(path.join(__dirname, '../../third_party/npm/node_modules/ws'));

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};

// One WebSocketServer per deflate configuration: ws fixes the options per server.
const servers = new Map();
function serverFor(spec) {
  if (!servers.has(spec)) {
    let perMessageDeflate = spec !== 'off';
    if (spec && spec !== 'off') {
      perMessageDeflate = { threshold: 0 };
      for (const part of spec.split(',')) {
        const [key, value] = part.split('=');
        if (key === 'smwb') perMessageDeflate.serverMaxWindowBits = Number(value);
        else if (key === 'cmwb') perMessageDeflate.clientMaxWindowBits = Number(value);
        else if (key === 'snct') perMessageDeflate.serverNoContextTakeover = true;
        else if (key === 'cnct') perMessageDeflate.clientNoContextTakeover = true;
        else throw new Error('unknown deflate option ' + part);
      }
    }
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate, maxPayload: 1 << 30 });
    wss.on('connection', ws => {
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
      ws.on('error', () => ws.terminate());
    });
    servers.set(spec, wss);
  }
  return servers.get(spec);
}

const server = http.createServer((req, res) => {
  res.writeHead(426);
  res.end();
});
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  let wss;
  try {
    wss = serverFor(url.searchParams.get('deflate'));
  } catch (e) {
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, ws => wss.emit('connection', ws, req));
});
server.listen(Number(option('--port', '0')), '127.0.0.1', () => {
  console.log('READY ' + server.address().port);
});
setTimeout(() => process.exit(0), Number(option('--lifetime', '3600')) * 1000).unref();
