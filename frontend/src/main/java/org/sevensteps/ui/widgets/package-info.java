/**
 * Small interactive pieces the lessons share: a figure the server recomputes ({@code Plot}), a
 * keyboard-friendly slider ({@code RangeInput}), a self-check whose answers the server marks
 * ({@code SelfCheck}), and the query-string state of a lesson ({@code UrlState}).
 */
package org.sevensteps.ui.widgets;
