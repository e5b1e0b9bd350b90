// META: shared-data=url/urltestdata.json
// URL Standard §6: the URL class over every case of the WHATWG test vectors (read from
// ../shared/data/url/), the static methods, the setters and searchParams' link to the query.
'use strict';

const cases = WEB_TEST_DATA['url/urltestdata.json'].filter((c) => typeof c === 'object');

for (const c of cases) {
  const name = `new URL(${JSON.stringify(c.input)}, ${JSON.stringify(c.base)})`;
  test(() => {
    const base = c.base === null ? undefined : c.base;
    if (c.failure) {
      assert_throws_js(TypeError, () => new URL(c.input, base));
      assert_false(URL.canParse(c.input, base), 'canParse');
      assert_equals(URL.parse(c.input, base), null, 'parse');
      return;
    }
    const url = new URL(c.input, base);
    for (const key of ['href', 'protocol', 'username', 'password', 'host', 'hostname', 'port',
                       'pathname', 'search', 'hash']) {
      assert_equals(url[key], c[key], key);
    }
    if ('origin' in c)
      assert_equals(url.origin, c.origin, 'origin');
    if ('searchParams' in c)
      assert_equals(url.searchParams.toString(), c.searchParams, 'searchParams');
    assert_true(URL.canParse(c.input, base), 'canParse');
    assert_equals(URL.parse(c.input, base).href, c.href, 'parse');
  }, name);
}

test(() => {
  const url = new URL('https://user:pass@example.com:8443/dir/file?x=1#top');
  url.protocol = 'wss';
  assert_equals(url.href, 'wss://user:pass@example.com:8443/dir/file?x=1#top');
  url.protocol = 'mailto';  // special to non-special: ignored
  assert_equals(url.protocol, 'wss:');
  url.port = '443';
  assert_equals(url.port, '', 'the default port is dropped');
  url.port = '8080abc';
  assert_equals(url.port, '8080', 'digits up to the first non-digit');
  url.port = '99999';
  assert_equals(url.port, '8080', 'out of range: ignored');
  url.port = '';
  assert_equals(url.host, 'example.com');
  url.host = 'other.test:81';
  assert_equals(url.host, 'other.test:81');
  url.hostname = 'b\u00FCcher.test';
  assert_equals(url.hostname, 'xn--bcher-kva.test');
  url.hostname = 'bad host';
  assert_equals(url.hostname, 'xn--bcher-kva.test', 'an invalid host changes nothing');
  url.username = 'n@me';
  url.password = 'p:w';
  assert_equals(url.href, 'wss://n%40me:p%3Aw@xn--bcher-kva.test:81/dir/file?x=1#top');
  url.pathname = 'a b/../c';
  assert_equals(url.pathname, '/c');
  url.hash = 'frag ment';
  assert_equals(url.hash, '#frag%20ment');
  url.hash = '';
  assert_equals(url.href, 'wss://n%40me:p%3Aw@xn--bcher-kva.test:81/c?x=1');
  assert_throws_js(TypeError, () => { url.href = 'not a url'; });
  assert_equals(url.pathname, '/c', 'a failed href set changes nothing');
}, 'setters follow the state overrides');

test(() => {
  const url = new URL('mailto:someone@example.com');
  url.host = 'example.org';
  url.pathname = '/x';
  url.port = '1';
  url.username = 'u';
  assert_equals(url.href, 'mailto:someone@example.com', 'opaque paths ignore these setters');
  const file = new URL('file:///tmp/x');
  file.port = '8';
  file.username = 'u';
  assert_equals(file.href, 'file:///tmp/x', 'file: URLs have no port or credentials');
}, 'setters that the URL cannot take are ignored');

test(() => {
  const url = new URL('http://example.com/?a=1&b=2');
  const params = url.searchParams;
  assert_equals(url.searchParams, params, '[SameObject]');
  params.append('c', 'x y');
  assert_equals(url.search, '?a=1&b=2&c=x+y');
  params.delete('a');
  params.set('b', '3');
  assert_equals(url.href, 'http://example.com/?b=3&c=x+y');
  url.search = '?z=%26';
  assert_equals(params.get('z'), '&');
  assert_equals(params.size, 1);
  url.search = '';
  assert_equals(params.size, 0);
  params.delete('nothing');
  assert_equals(url.href, 'http://example.com/', 'an empty list leaves no query');
  url.href = 'http://example.com/?k=v';
  assert_equals(params.get('k'), 'v', 'href updates the list');
}, 'searchParams and the query follow each other');

test(() => {
  const p = new URLSearchParams('?a=1&b=2&a=3&c');
  assert_equals(p.size, 4);
  assert_equals(p.get('a'), '1');
  assert_equals(p.get('missing'), null);
  assert_array_equals(p.getAll('a'), ['1', '3']);
  assert_true(p.has('c'));
  assert_true(p.has('a', '3'));
  assert_false(p.has('a', '2'));
  p.delete('a', '1');
  assert_equals(p.toString(), 'b=2&a=3&c=');
  p.set('b', '+');
  assert_equals(p.toString(), 'b=%2B&a=3&c=');
  assert_equals(new URLSearchParams('x=%zz&y=a+b&%F0%9F%92%A9=%FF').toString(),
                'x=%25zz&y=a+b&%F0%9F%92%A9=%EF%BF%BD', 'bad escapes stay, invalid UTF-8 is U+FFFD');
  assert_equals(new URLSearchParams({a: '1', b: '2'}).toString(), 'a=1&b=2', 'a record');
  assert_equals(new URLSearchParams([['a', 'x'], new Set(['b', 'y'])]).toString(), 'a=x&b=y',
                'a sequence of sequences');
  assert_throws_js(TypeError, () => new URLSearchParams([['a']]));
  assert_throws_js(TypeError, () => new URLSearchParams({[Symbol()]: 'x'}));
  assert_equals(new URLSearchParams(new URLSearchParams('q=1')).toString(), 'q=1');
}, 'URLSearchParams: construction and the list operations');

test(() => {
  const p = new URLSearchParams('z=1&\uFFFD=2&\u{1F600}=3&a=4&z=0');
  p.sort();
  // UTF-16 code units: U+1F600 (D83D DE00) sorts before U+FFFD; equal names keep their order.
  assert_array_equals([...p.keys()], ['a', 'z', 'z', '\u{1F600}', '\uFFFD']);
  assert_array_equals([...p.values()], ['4', '1', '0', '3', '2']);
}, 'sort() is stable and compares code units');

test(() => {
  const p = new URLSearchParams('a=1&b=2');
  const seen = [];
  p.forEach(function(value, key, object) {
    seen.push(key + value);
    assert_equals(object, p);
    assert_equals(this, p, 'thisArg');
    if (key === 'a')
      p.append('c', '3');  // pairs are read again after each call
  }, p);
  assert_array_equals(seen, ['a1', 'b2', 'c3']);
  const it = p[Symbol.iterator]();
  assert_equals(p[Symbol.iterator], p.entries);
  assert_equals(Object.prototype.toString.call(it), '[object URLSearchParams Iterator]');
  assert_false(Object.getPrototypeOf(it).hasOwnProperty('constructor'));
  assert_array_equals(it.next().value, ['a', '1']);
  p.delete('b');
  assert_array_equals(it.next().value, ['c', '3'], 'the iterator is live');
  assert_true(it.next().done);
  assert_throws_js(TypeError, () => it.next.call({}));
  assert_throws_js(TypeError, () => p.forEach());
}, 'iteration: entries, keys, values, forEach and a live iterator');
