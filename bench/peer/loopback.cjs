// Preloaded into the peer gateway (node --require): Portkey's start-server listens on every interface and has
// no flag for the address, so bind any listen(port) without an explicit host to 127.0.0.1 instead.
'use strict';
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    if (args[1] === undefined || args[1] === null || typeof args[1] === 'function') {
      if (args.length >= 2 && (args[1] === undefined || args[1] === null)) args[1] = '127.0.0.1';
      else args.splice(1, 0, '127.0.0.1');
    }
  } else if (args[0] && typeof args[0] === 'object' && args[0].port !== undefined && !args[0].host) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
