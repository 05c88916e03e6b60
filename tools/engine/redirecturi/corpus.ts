import fc from "fast-check";

/*
 * Redirect URIs to run through the provider's check in Go and in our model: every piece Go's
 * url.Parse treats specially (scheme, userinfo, brackets, zones, ports, %-escapes, query,
 * fragment), control characters anywhere, and random text over the characters that matter.
 * Deterministic (fixed seed), so verdicts.json can be regenerated and compared.
 */

const SCHEMES = [
  "https",
  "http",
  "HTTPS",
  "ms-appx-web",
  "brk-multihub",
  "ftp",
  "urn",
  "",
  "h+t",
  "1ab",
];
const SEPARATORS = ["://", ":", ":///", ":/", "//", ":" + "//"];
const USERINFO = ["", "", "", "user@", "u:p@", "a b@", "%zz@", "u%41@", "é@", "a@b@"];
const HOSTS = [
  "app.contoso.com",
  "localhost",
  "127.0.0.1",
  "[::1]",
  "[fe80::1%25en0]",
  "[1.2.3.4]",
  "[::ffff:1.2.3.4]",
  "[::1.2.3.4]",
  "[1:2:3:4:5:6:7:8]",
  "[1:2:3:4:5:6:7::]",
  "[1::2::3]",
  "[12345::]",
  "[::01.2.3.4]",
  "[fe80::1%25]",
  "[fe80::1%25%C3]",
  "[fe80::1%25%20x]",
  "[fe80::1%en0]",
  "[::1",
  "]a[",
  "a[::1]",
  "a b",
  "a^b",
  "a<b>",
  'a"b',
  "a|b",
  "a\\b",
  "a{b}",
  "a`b",
  "ex%41mple",
  "ex%C3%A9",
  "a%25b",
  "a%zz",
  "bücher.de",
  "",
  "a:b:c",
  "[v1.x]",
];
const PORTS = ["", "", "", ":", ":443", ":x", ":99999", ":1:2", ":-1"];
const PATHS = ["", "/", "/cb", "/a%zz", "/a%2F", "/a b", "/é", "/a:b", "/%", "/a?b", "//x", "/*"];
const QUERIES = ["", "", "?", "?x=1", "??", "?%zz"];
const FRAGMENTS = ["", "", "#", "#f", "#%zz", "#\n", "#a b"];
const CONTROL = ["\t", "\n", "\r", "\u0000", "\u001b", "\u007f", "\u0085", "\u009f"];
const ALPHABET = [..."aZ09:/?#[]@!$&'()*+,;=%-._~ <>\"{}|\\^`é€", ...CONTROL];

const assembled = fc
  .record({
    scheme: fc.constantFrom(...SCHEMES),
    separator: fc.constantFrom(...SEPARATORS),
    userinfo: fc.constantFrom(...USERINFO),
    host: fc.oneof(
      fc.constantFrom(...HOSTS),
      fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 8 }),
    ),
    port: fc.constantFrom(...PORTS),
    path: fc.constantFrom(...PATHS),
    query: fc.constantFrom(...QUERIES),
    fragment: fc.constantFrom(...FRAGMENTS),
    control: fc.option(fc.tuple(fc.constantFrom(...CONTROL), fc.nat()), { freq: 4 }),
  })
  .map(({ scheme, separator, userinfo, host, port, path, query, fragment, control }) => {
    const uri = `${scheme}${separator}${userinfo}${host}${port}${path}${query}${fragment}`;
    if (!control) return uri;
    const at = control[1] % (uri.length + 1);
    return uri.slice(0, at) + control[0] + uri.slice(at);
  });

/** URIs the provider accepts, unless one hostile piece (a control character) is put in. */
const plausible = fc
  .record({
    scheme: fc.constantFrom("https", "http", "HTTPS", "ms-appx-web"),
    host: fc.constantFrom(
      "app.contoso.com",
      "localhost",
      "127.0.0.1",
      "[::1]",
      "[fe80::1%25en0]",
      "bücher.de",
      "ex%C3%A9",
    ),
    port: fc.constantFrom("", ":443", ":8080", ":"),
    path: fc.constantFrom("/", "/cb", "/a/b%20c", "/é", "/a:b", "/*", "/a b"),
    query: fc.constantFrom("", "?x=1", "?", "?a b"),
    control: fc.option(fc.tuple(fc.constantFrom(...CONTROL), fc.nat()), { freq: 2 }),
  })
  .map(({ scheme, host, port, path, query, control }) => {
    const uri = `${scheme}://${host}${port}${path}${query}`;
    if (!control) return uri;
    const at = control[1] % (uri.length + 1);
    return uri.slice(0, at) + control[0] + uri.slice(at);
  });

const random = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 24 });

/** Lengths around the provider's 256-byte limit, in ASCII and in two-byte characters. */
const LONG = [255, 256, 257].flatMap((n) => [
  `https://app.contoso.com/${"x".repeat(n - 24)}`,
  `https://app.contoso.com/${"é".repeat(Math.ceil((n - 24) / 2))}`,
]);

const NAMED = [
  "https://app.contoso.com/cb\t",
  "https://app.contoso.com/cb\n",
  "\thttps://app.contoso.com/cb",
  "https://app.contoso.com/c\rb",
  "urn:ietf:wg:oauth:2.0:oob",
  "urn:a:b\n",
  "urn:x",
  "*",
  "https://app.contoso.com",
  "https://app.contoso.com?x",
  "https://app.contoso.com#f",
  "https:app.contoso.com/cb",
  "https:///cb",
  "://x/",
  "",
  " ",
];

export function redirectUriCorpus(size = 1200): string[] {
  const pieces = fc.oneof(
    { arbitrary: assembled, weight: 4 },
    { arbitrary: plausible, weight: 3 },
    random,
  );
  const sampled = fc.sample(pieces, {
    numRuns: size,
    seed: 24,
  });
  return [...new Set([...NAMED, ...LONG, ...sampled])];
}
