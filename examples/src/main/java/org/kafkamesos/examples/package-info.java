/**
 * Example programs built on the library: a capacity planner on the placement engine.
 */
package org.kafkamesos.examples;
