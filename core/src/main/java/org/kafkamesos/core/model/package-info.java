/**
 * The broker model: {@link org.kafkamesos.core.model.BrokerSpec} (what an operator asks), {@link org.kafkamesos.core.model.Broker}
 * (where its task stands) and its values, broker id expressions ({@link org.kafkamesos.core.model.BrokerIds}).
 */
package org.kafkamesos.core.model;
