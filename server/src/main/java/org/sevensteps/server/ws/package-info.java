/** Live progress: {@code /ws/runs/{id}} sends a run's history, then its live events, coalesced. */
package org.sevensteps.server.ws;
