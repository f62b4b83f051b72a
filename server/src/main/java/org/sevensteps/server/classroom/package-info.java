/**
 * Who is asking: a {@link org.sevensteps.server.classroom.Principal} (a student of a class, the
 * teacher, or an anonymous visitor) resolved from HttpOnly cookies that hold random tokens, stored
 * only as SHA-256 hashes. Classes, class codes, joining, teacher sign-in and rate limits live here.
 */
package org.sevensteps.server.classroom;
