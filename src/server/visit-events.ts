/**
 * Live field visits: an in-process event bus of check-ins and check-outs, fanned out to the
 * server-sent-event streams of the teams concerned. It is per process: with several server
 * processes behind a balancer, a stream sees only the visits logged through its own process.
 */
import { EventEmitter } from "node:events";
import type { VisitEvent } from "../schemas/activity.js";

export class VisitEventBus {
  private readonly emitter = new EventEmitter();
  private readonly closers = new Set<() => void>();

  constructor() {
    // One listener per open stream; many managers may watch at once.
    this.emitter.setMaxListeners(0);
  }

  publish(event: VisitEvent): void {
    this.emitter.emit("visit", event);
  }

  /** Calls `listener` for each event until the returned function is called. */
  subscribe(listener: (event: VisitEvent) => void, onClose: () => void): () => void {
    this.emitter.on("visit", listener);
    this.closers.add(onClose);
    return () => {
      this.emitter.off("visit", listener);
      this.closers.delete(onClose);
    };
  }

  /** Ends every open stream (the server is shutting down). */
  closeAll(): void {
    for (const close of [...this.closers]) close();
  }
}

/** One event in the text/event-stream format. */
export function sseFrame(event: VisitEvent): string {
  return `event: ${event.type}\nid: ${event.visit.id}-${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
