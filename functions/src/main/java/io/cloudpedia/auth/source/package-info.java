/**
 * Small documents that configure authentication and authorization and change without a redeploy: the static bearer
 * token hashes and the authorization policy. A {@link io.cloudpedia.auth.source.DocumentSource} reads one (Secrets
 * Manager, SSM Parameter Store); a {@link io.cloudpedia.auth.source.ReloadingDocument} parses it, re-reads it after a
 * TTL, and keeps the last good version when a new one is broken or the store cannot be reached.
 *
 * <p>The documents may hold secrets (token hashes): their text never reaches a log line or an exception message.
 */
package io.cloudpedia.auth.source;
