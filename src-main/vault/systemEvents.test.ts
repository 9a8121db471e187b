import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { powerMonitorEvents, type SystemLockReason } from './systemEvents';

describe('SystemEvents from the OS power monitor', () => {
  it('asks to lock when the screen locks or the machine suspends, and stops after unsubscribing', () => {
    const monitor = new EventEmitter();
    const seen: SystemLockReason[] = [];
    const off = powerMonitorEvents(monitor).onLockRequested((reason) => seen.push(reason));
    monitor.emit('lock-screen');
    monitor.emit('suspend');
    monitor.emit('resume');
    expect(seen).toEqual(['screen-locked', 'suspended']);
    off();
    monitor.emit('lock-screen');
    expect(seen).toHaveLength(2);
    expect(monitor.listenerCount('lock-screen') + monitor.listenerCount('suspend')).toBe(0);
  });
});
