/** The seven lessons: their titles, their text (Markdown resources) and the models they run. */
package org.sevensteps.lessons.catalog;
