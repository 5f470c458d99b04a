/** Facts about the running app: version, mode, where the API server and kubeconfig are. */
import * as v from 'valibot';
import { event, method, service } from '../define';

export interface AppInfo {
  name: string;
  version: string;
  mode: 'electron' | 'web';
  /** The simulated cluster's API server, once it runs. */
  apiServerUrl?: string;
  kubeconfigPath?: string;
}

export interface AppNotice {
  level: 'info' | 'warning' | 'error';
  message: string;
}

export const appService = service({
  methods: {
    info: method(v.strictObject({})).returns<AppInfo>(),
  },
  events: {
    notice: event<AppNotice>(),
  },
});
