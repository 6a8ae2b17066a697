import { Text, View } from 'react-native';

export default function About() {
  return (
    <View style={{ padding: 24 }}>
      <Text>Predictions from the harbour office, refreshed every morning.</Text>
    </View>
  );
}
