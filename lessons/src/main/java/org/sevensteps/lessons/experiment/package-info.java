/**
 * The experiments the lessons run on the engine: {@code BaselineExperiment} (lesson 1), and
 * {@code TrainingExperiment}, one training loop for lessons 5–7 fed by the recipes in
 * {@code ThreesVsSevens} (linear, simple-net) and {@code TenDigits} (mlp, cnn).
 */
package org.sevensteps.lessons.experiment;
