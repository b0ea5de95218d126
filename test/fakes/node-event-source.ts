import http from 'node:http';
import type { EventSourceLike } from '../../src-preload/http-bridge';

/** A minimal EventSource over node:http (Node 20 has none). It reports CLOSED when the stream ends. */
export class NodeEventSource implements EventSourceLike {
  readyState = 0;
  private listeners = new Map<string, Set<(e: { data?: unknown }) => void>>();
  private req: http.ClientRequest;
  constructor(url: string) {
    this.req = http.get(url, { headers: { Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.resume();
        return this.fail();
      }
      this.readyState = 1;
      this.fire('open', {});
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          this.parse(buf.slice(0, i));
          buf = buf.slice(i + 2);
        }
      });
      res.on('end', () => this.fail());
      res.on('error', () => this.fail());
    });
    this.req.on('error', () => this.fail());
  }
  private fail() {
    if (this.readyState === 2) return;
    this.readyState = 2;
    this.fire('error', {});
  }
  private parse(block: string) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length) this.fire(event, { data: data.join('\n') });
  }
  private fire(type: string, e: { data?: unknown }) {
    this.listeners.get(type)?.forEach((l) => l(e));
  }
  addEventListener(type: string, l: (e: { data?: unknown }) => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(l);
  }
  close() {
    this.readyState = 2;
    this.req.destroy();
  }
}

