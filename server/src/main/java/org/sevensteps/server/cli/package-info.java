/** The command line: {@code serve}, {@code train}; parsed by picocli. Errors exit with code 2. */
package org.sevensteps.server.cli;
