// A small chat: Ada and Grace join the same room on the bundled server, which sends every
// text message to everyone in the room. They exchange a few lines and leave. Run it with
// `tools/run examples/chat.js`.
function join(name, room, onText) {
  const ws = new WebSocket(`/chat/${room}`);  // relative: resolves against --location
  const person = {name, ws};
  ws.onopen = () => console.log(`${name} joined #${room}`);
  ws.onmessage = ({data}) => {
    const {from, text} = JSON.parse(data);
    if (from === name) return;  // the room echoes our own messages too
    console.log(`${name} <- ${from}: ${text}`);
    onText(person, text);
  };
  ws.onclose = (e) => console.log(`${name} left (code ${e.code}, clean ${e.wasClean})`);
  ws.onerror = () => console.log(`${name}: connection failed`);
  return person;
}

function say(person, text) {
  person.ws.send(JSON.stringify({from: person.name, text}));
}

const room = 'lobby-' + Math.floor(performance.timeOrigin % 1e6);

const ada = join('Ada', room, (me, text) => {
  if (text.startsWith('hi Ada')) {
    say(me, 'bye!');
    me.ws.close(1000, 'done');  // "bye!" still goes out first: close() waits for sent data
  }
});
const grace = join('Grace', room, (me, text) => {
  if (text === 'hello from Ada') say(me, 'hi Ada, nice to meet you');
  else if (text === 'bye!') me.ws.close(1000, 'done');
});

// Nobody speaks before both are in the room.
let present = 0;
for (const person of [ada, grace]) {
  person.ws.addEventListener('open', () => {
    if (++present === 2) say(ada, 'hello from Ada');
  });
}
