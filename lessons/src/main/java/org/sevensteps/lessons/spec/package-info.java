/**
 * What a run is: a {@link org.sevensteps.lessons.spec.RunSpec} (the model, its parameters and a seed)
 * fully describes it, so the same spec replays the same run. The spec is both the body of
 * {@code POST /api/runs} and the query string of a lesson's URL.
 */
package org.sevensteps.lessons.spec;
