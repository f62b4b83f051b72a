/** Joining a class: a class code and a display name, nothing else (no e-mail, no password). */
package org.sevensteps.ui.join;
