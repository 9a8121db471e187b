import type { Logger } from '@shared/node/logger';
import type { AuditLog } from '../db/auditLog';
import type { ServerStateRepository } from '../db/serverState';
import { octetFrame, syslogMessage } from './syslogFrame';
import { sendFrames, type SyslogTarget } from './syslogSender';

/** The forwarding settings as stored (server setting `auditForwarding`). */
export interface ForwardingSettings extends SyslogTarget {
  enabled: boolean;
}

export const forwardingKey = 'auditForwarding';
/** The outbox's mark: every entry up to this id was delivered (server setting). */
export const forwardedKey = 'auditForwardedUpTo';

export const forwardingOff: ForwardingSettings = { enabled: false, host: '', port: 6514, tls: false, caPem: '' };

interface Mark {
  upTo: number;
  lastDeliveredAt: string | null;
}

/**
 * Forwards the audit log to syslog. The outbox is the audit log itself after a durable mark:
 * an entry counts as delivered (the mark moves past it) only once its batch was sent, so entries
 * made while the receiver is down wait in the database and go out when it is back.
 */
export class AuditForwarder {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private lastError: string | null = null;
  private closed = false;

  constructor(
    private readonly deps: {
      state: ServerStateRepository;
      log: Logger;
      intervalSeconds: number;
      batch: number;
      send?: typeof sendFrames;
    },
  ) {}

  private get audit(): AuditLog {
    return this.deps.state.log;
  }

  settings(): Promise<ForwardingSettings> {
    return this.deps.state.getSetting(forwardingKey, forwardingOff);
  }

  /** Saves new settings; switching forwarding on starts its outbox at the newest entry (what comes next is sent). */
  async configure(next: ForwardingSettings): Promise<void> {
    const before = await this.settings();
    if (next.enabled && !before.enabled)
      await this.saveMark({ upTo: await this.audit.newestId(), lastDeliveredAt: null });
    await this.deps.state.setSetting(forwardingKey, next);
    this.lastError = null;
  }

  async status(): Promise<{ lastDeliveredAt: string | null; queued: number; lastError: string | null }> {
    const mark = await this.mark();
    const on = (await this.settings()).enabled;
    return {
      lastDeliveredAt: mark.lastDeliveredAt,
      queued: on ? await this.audit.countAfter(mark.upTo) : 0,
      lastError: this.lastError,
    };
  }

  start(): void {
    const tick = () => {
      if (this.closed) return;
      this.running = this.flush()
        .catch((error: unknown) => this.deps.log.warn('audit.forward_failed', { error }))
        .finally(() => {
          if (!this.closed) this.timer = setTimeout(tick, this.deps.intervalSeconds * 1000);
        });
    };
    tick();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Sends what waits, batch by batch, until the outbox is empty or the receiver fails. */
  async flush(): Promise<void> {
    const target = await this.settings();
    if (!target.enabled) return;
    for (;;) {
      const mark = await this.mark();
      const entries = await this.audit.after(mark.upTo, this.deps.batch);
      const last = entries.at(-1);
      if (!last) return;
      try {
        const frames = entries.map((e) => octetFrame(syslogMessage(e)));
        await (this.deps.send ?? sendFrames)(target, frames, this.deps.intervalSeconds * 5000);
      } catch (error) {
        this.lastError = `${new Date().toISOString()}: ${(error as Error).message}`;
        return;
      }
      this.lastError = null;
      await this.saveMark({ upTo: last.id, lastDeliveredAt: new Date().toISOString() });
      if (entries.length < this.deps.batch) return;
    }
  }

  private mark(): Promise<Mark> {
    return this.deps.state.getSetting<Mark>(forwardedKey, { upTo: 0, lastDeliveredAt: null });
  }

  private saveMark(mark: Mark): Promise<void> {
    return this.deps.state.setSetting(forwardedKey, mark);
  }
}
