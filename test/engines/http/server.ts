import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it; `index` counts from 0 over the server's life. */
export interface Call {
  index: number;
  inputs: string[];
  parameters: unknown;
  headers: IncomingHttpHeaders;
}

/** What to answer: a JSON value or raw text, after an optional delay. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  raw?: string;
  delayMs?: number;
  /** Cut the connection instead of answering. */
  drop?: boolean;
}

export interface ScriptedServer {
  url: string;
  calls: Call[];
  /** Most requests open at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

/** A classification endpoint on 127.0.0.1 whose every answer comes from `reply`. */
export async function startServer(reply: (call: Call) => Reply): Promise<ScriptedServer> {
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  const state: ScriptedServer = { url: '', calls: [], maxInFlight: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { inputs: string[]; parameters?: unknown };
      const call: Call = { index: state.calls.length, inputs: body.inputs, parameters: body.parameters, headers: req.headers };
      state.calls.push(call);
      inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      const r = reply(call);
      const send = () => {
        timers.delete(timer);
        inFlight -= 1;
        if (res.destroyed) return;
        if (r.drop) {
          req.socket.destroy();
          return;
        }
        res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers });
        res.end(r.raw ?? JSON.stringify(r.json));
      };
      const timer = setTimeout(send, r.delayMs ?? 0);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/predict`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** The reference model the servers below stand for: P(POSITIVE) from the text, in (0, 1). */
export function positiveProb(text: string): number {
  return ((text.length % 9) + 0.5) / 10;
}

/** Hugging Face style with top_k = null: per text, every label, highest score first. */
export function hfLists(inputs: string[]): unknown {
  return inputs.map((t) => {
    const p = positiveProb(t);
    const rows = [{ label: 'POSITIVE', score: p }, { label: 'NEGATIVE', score: 1 - p }];
    return rows.sort((a, b) => b.score - a.score);
  });
}

/** The `{labels, scores}` form, POSITIVE first. */
export function labelsForm(inputs: string[]): unknown {
  return { labels: ['POSITIVE', 'NEGATIVE'], scores: inputs.map((t) => [positiveProb(t), 1 - positiveProb(t)]) };
}
