/** The executor example of the README, compiled and run from outside the executor package: the public API suffices. */
package org.kafkamesos.executor.readme;
