/**
 * Self-checks: a few questions at the end of a lesson. The answers are checked on the server (they
 * never reach the browser), often against numbers from the student's own run.
 */
package org.sevensteps.ui.check;
