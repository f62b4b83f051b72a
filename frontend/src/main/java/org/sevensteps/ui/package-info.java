/**
 * The browser UI, as Vaadin Flow views: {@code shell} (layout), {@code lessons} (one view per
 * lesson), {@code charts} (Chart.js and canvas wrappers), {@code ports} (the services the server
 * implements for the views).
 */
package org.sevensteps.ui;
