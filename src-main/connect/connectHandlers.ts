import { resourcesApi } from '@shared/common/api/controlPlane/resources';
import type { IamClient } from '../iam/iamClient';
import type { Handlers } from '../rpc/dispatcher';
import type { ConnectFlow } from './connectFlow';

/** A start link the OS handed the desktop app (openpsm://start?…), kept until the renderer takes it. */
export class PendingLink {
  private url: string | null = null;

  keep(url: string): void {
    this.url = url;
  }

  /** The kept link, once: taking it clears it. */
  take(): { url: string | null } {
    const url = this.url;
    this.url = null;
    return { url };
  }
}

/** `resources.*`: My Resources and the terms page of the connect flow. */
export function resourceHandlers(
  iam: Pick<IamClient, 'call'>,
  connectFlow: Pick<ConnectFlow, 'terms' | 'decline'>,
): Handlers['resources'] {
  return {
    list: () => iam.call(resourcesApi.list),
    terms: (target) => connectFlow.terms(target),
    decline: (target) => connectFlow.decline(target),
  };
}

/** `links.*`: start links, typed in or handed over by the OS. */
export function linkHandlers(connectFlow: Pick<ConnectFlow, 'openLink'>, pending: PendingLink): Handlers['links'] {
  return {
    open: ({ url }) => connectFlow.openLink(url),
    pending: () => pending.take(),
  };
}
