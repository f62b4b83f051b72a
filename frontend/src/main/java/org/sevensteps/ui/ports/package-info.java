/**
 * The services the views call, declared here and implemented by the server, which puts them into the
 * servlet context before Vaadin starts. Views never reach into the server's packages.
 */
package org.sevensteps.ui.ports;
