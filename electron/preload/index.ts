/** The preload script: exposes the one typed bridge object and nothing else. */
import { contract } from '../../shared/ipc/contract';
import { installPreloadBridge } from '../ipc/electron-ipc';

installPreloadBridge(contract);
