/**
 * The code pane: a lesson shows the engine's real source (read from the {@code source/} folder that
 * the engine and lessons jars carry) beside the PyTorch line it mirrors.
 */
package org.sevensteps.ui.code;
