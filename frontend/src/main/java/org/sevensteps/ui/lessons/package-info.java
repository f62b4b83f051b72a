/** One view per lesson, and the list of lessons at {@code /}. */
package org.sevensteps.ui.lessons;
