package org.sevensteps.lessons.mnist;

/** The 3s-and-7s subset of MNIST that the first lessons classify. Valid comes from the test files. */
public record ThreesAndSevens(Digits trainThrees, Digits trainSevens, Digits validThrees, Digits validSevens) {}
