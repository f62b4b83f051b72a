/** The teacher's dashboard: classes and codes, limits, every student's runs, live curves, cancel. */
package org.sevensteps.ui.teacher;
