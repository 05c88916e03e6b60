import { DirectoryExport } from "../../tools/tenant/directory/graphTypes";

/** A change to the live objects an attacker controls the text of, and what must not leak. */
export interface HostileLiveCase {
  name: string;
  /** Changes the bundle in place (the tenant's one app). */
  change: (live: DirectoryExport) => void;
  /** Text that must never reach the output as it is. */
  secret?: string;
}

const KEY = "0f0e0d0c-0000-4000-8000-00000000aa01";
const HEX_KEY = "5f3c9a0e7b2d4c6f8a1e3b5d7f9c2a4e6b8d0f1a3c5e7b9d2f4a6c8e0b1d3f5a";
const SAS = "Hq3%2BZr8%2FkLm1%2Bw9XpT4vN7%2FyB6cD2eF5gH8jK0%3D";
const addSecret = (live: DirectoryExport, displayName: string) =>
  live.applications[0].passwordCredentials.push({
    keyId: KEY,
    displayName,
    startDateTime: "2026-11-01T00:00:00Z",
    endDateTime: "2027-05-01T00:00:00Z",
    hint: "abc",
    customKeyIdentifier: null,
    secretText: null,
  });

/**
 * Names an administrator (or an attacker with Application.ReadWrite) can give objects in the
 * portal, built to break a Markdown table, fake a row, smuggle HTML or hide text; and secrets
 * pasted where drift prints text.
 */
export const hostileLiveCases: HostileLiveCase[] = [
  { name: "pipes and a fake row", change: (l) => addSecret(l, "a | b |\n| ok | fake | row |") },
  {
    name: "newlines and carriage returns",
    change: (l) => addSecret(l, "line1\r\nline2\n\n# heading"),
  },
  {
    name: "HTML and an image",
    change: (l) => addSecret(l, "<img src=x onerror=alert(1)> <script>x</script>"),
  },
  {
    name: "Markdown link and emphasis",
    change: (l) => addSecret(l, "[click](https://evil.example) **bold** `code`"),
  },
  { name: "bidi override and zero-width", change: (l) => addSecret(l, "safe\u202Egnp.exe\u200B") },
  { name: "terminal escape codes", change: (l) => addSecret(l, "\u001b[2J\u001b[31mred\u0007") },
  {
    name: "a client secret pasted as the description",
    change: (l) => addSecret(l, "Abc8Q~AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"),
    secret: "Abc8Q~AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
  },
  {
    name: "an older client secret with []?@:* as the description (issue 24 finding 12)",
    change: (l) => addSecret(l, "k9P[x]?@Lm2*Qr7:Zt4=Vw8-Yb1.Ce5_"),
    secret: "Lm2*Qr7:Zt4=Vw8",
  },
  {
    name: "a 64-digit hex key as the description (finding 12)",
    change: (l) => addSecret(l, `key ${HEX_KEY}`),
    secret: HEX_KEY.slice(8, 40),
  },
  {
    name: "a SAS signature in a redirect URI (finding 12)",
    change: (l) => l.applications[0].web.redirectUris.push(`https://x.example/cb?sig=${SAS}`),
    secret: SAS.slice(4, 30),
  },
  {
    name: "a redirect URI with a pipe and a newline",
    change: (l) => l.applications[0].web.redirectUris.push("https://x.example/|a\n|b"),
  },
  {
    name: "an owner named like a table",
    change: (l) => {
      l.owners[l.applications[0].id] = [
        {
          "@odata.type": "#microsoft.graph.user",
          id: "0f0e0d0c-0000-4000-8000-00000000bb01",
          displayName: "| x | y |",
        },
      ];
    },
  },
];
