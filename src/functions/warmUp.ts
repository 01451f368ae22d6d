import { app } from '@azure/functions';
import { startWarmUp } from '../lib/bridge';
import { telemetryFor } from '../lib/telemetry/telemetryFor';

/**
 * When the worker has loaded every function file, the instance starts its one-time work —
 * settings, signing keys, discovery documents and key set, table checks — the way Functions
 * apps create their clients at start-up, so the first request finds it done or under way.
 * An app-level hook rather than code at module scope: it runs only when the app is started
 * to serve (not when a host merely lists the functions), after all files are loaded. Not
 * awaited, so a slow authority or storage account never holds the host's start back.
 * Telemetry, when configured, starts loading first; the distro loads asynchronously (seconds
 * on a cold instance), so what runs before it is up — usually the warm-up — is not traced,
 * and requests that arrive meanwhile are recorded once it is, without their dependencies.
 */
app.hook.appStart(() => {
  void telemetryFor(process.env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim());
  startWarmUp();
});
