/** The REST API under {@code /api}: JSON in, JSON out, errors as {@code {"error": "..."}}. */
package org.sevensteps.server.api;
