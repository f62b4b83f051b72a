/** The frame around every view: header, lesson navigation, page title, and the scripts all views use. */
package org.sevensteps.ui.shell;
