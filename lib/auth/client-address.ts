import { BlockList, isIP } from "node:net";

/**
 * The client address for rate limits. X-Forwarded-For is written by whoever sends the request, so it is
 * believed only hop by hop from the socket: while the peer is a configured trusted proxy, the entry it
 * appended is taken as the next peer. The first untrusted address is the client. With no trusted proxies the
 * socket address is the client, whatever the header says.
 */
export const CLIENT_ADDRESS_HEADER = "x-plaza-client-ip";

export interface TrustedProxies {
  has(address: string): boolean;
}

function plain(address: string): string {
  // Node reports IPv4 peers on dual-stack sockets as ::ffff:1.2.3.4.
  const trimmed = address.trim().replace(/^\[|\]$/g, "");
  return trimmed.toLowerCase().startsWith("::ffff:") && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

/** Parses TRUSTED_PROXIES: comma-separated addresses or CIDR ranges (IPv4 or IPv6). Throws on a bad entry. */
export function parseTrustedProxies(setting: string | undefined): TrustedProxies {
  const list = new BlockList();
  for (const raw of (setting ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [address, bits] = raw.split("/");
    const family = isIP(plain(address));
    if (family === 0) throw new Error(`"${raw}" is not an IP address or CIDR range`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(plain(address), type);
    else {
      const prefix = Number(bits);
      if (!/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) throw new Error(`"${raw}" has a bad prefix length`);
      list.addSubnet(plain(address), prefix, type);
    }
  }
  return {
    has(address) {
      const a = plain(address);
      const family = isIP(a);
      return family !== 0 && list.check(a, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/** The client's address from the socket peer and the X-Forwarded-For header(s), trusting only `trusted`. */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  let client = plain(socketAddress ?? "") || "unknown";
  if (!trusted.has(client)) return client;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((h) => plain(h))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    // A garbled entry ends the chain: nothing left of it can be attributed to a trusted hop.
    if (isIP(hops[i]) === 0) return client;
    client = hops[i];
    if (!trusted.has(client)) return client;
  }
  return client;
}
