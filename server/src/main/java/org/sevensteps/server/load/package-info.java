/** A bounded, loopback-only load test: a whole class joining, training and watching at once. */
package org.sevensteps.server.load;
