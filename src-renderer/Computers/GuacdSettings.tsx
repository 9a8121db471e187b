import { useState, type FormEvent } from 'react';
import type { Settings } from '@shared/common/api/settings';
import { Banner } from '../ui/Banner';
import { useApi } from '../bridge/apiContext';

/** Where guacd listens for direct mode, and the CA that pins its TLS certificate. */
export function GuacdSettings({ settings }: { settings: Settings }) {
  const api = useApi();
  const [host, setHost] = useState(settings.direct.guacd.host);
  const [port, setPort] = useState(String(settings.direct.guacd.port));
  const [ca, setCa] = useState(settings.direct.guacd.tlsCa ?? '');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.settings.update({
        direct: { guacd: { host, port: Number(port), tlsCa: ca.trim() === '' ? null : ca.trim() } },
      });
      setStatus({ ok: true, text: 'guacd address saved' });
    } catch (e) {
      setStatus({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <form className="card" onSubmit={(e) => void save(e)} aria-label="guacd address" noValidate>
      <h2>guacd</h2>
      <p className="muted">
        Run guacd on this device only: <code>docker run -p 127.0.0.1:4822:4822 guacamole/guacd</code>
      </p>
      {status && <Banner tone={status.ok ? 'success' : 'error'} title={status.text} />}
      <div className="form-grid">
        <label className="field">
          <span>guacd host</span>
          <input name="guacdHost" value={host} onChange={(e) => setHost(e.target.value)} />
        </label>
        <label className="field">
          <span>guacd port</span>
          <input name="guacdPort" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />
        </label>
      </div>
      <label className="field">
        <span>TLS: CA certificate that signed guacd's certificate (PEM; empty for plain TCP on loopback)</span>
        <textarea
          name="guacdCa"
          rows={3}
          value={ca}
          onChange={(e) => setCa(e.target.value)}
          placeholder="-----BEGIN CERTIFICATE-----"
        />
      </label>
      <button type="submit" className="button primary">
        Save guacd address
      </button>
    </form>
  );
}
