/** The experiments the lessons run on the engine, one class each. */
package org.sevensteps.lessons.experiment;
