/**
 * One Jetty, one port: Javalin serves {@code /api/*}, {@code /ws/*} and {@code /webjars/*}, Vaadin
 * serves everything else. {@link org.sevensteps.server.web.VaadinSetup} does by hand what a servlet
 * container with annotation scanning would do for Vaadin.
 */
package org.sevensteps.server.web;
