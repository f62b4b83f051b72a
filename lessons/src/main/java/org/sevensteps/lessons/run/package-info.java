/**
 * Running an experiment: the events a run emits ({@link org.sevensteps.lessons.run.RunEvent}), the
 * context an experiment runs in, and the JSON-lines form the command line prints.
 */
package org.sevensteps.lessons.run;
