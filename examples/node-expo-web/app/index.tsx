import { Link } from 'expo-router';
import { StyleSheet, Text, View } from 'react-native';

const tides = [
  { time: '05:12', kind: 'High', height: 4.1 },
  { time: '11:31', kind: 'Low', height: 0.8 },
  { time: '17:40', kind: 'High', height: 3.9 },
];

export default function Today() {
  return (
    <View style={styles.container}>
      <Text style={styles.title}>Tides for Saint-Malo today</Text>
      {tides.map((tide) => (
        <Text key={tide.time}>
          {tide.time} {tide.kind} tide, {tide.height} m
        </Text>
      ))}
      <Link href="/about" style={styles.link}>
        About these tables
      </Link>
    </View>
  );
}

const styles = StyleSheet.create({
  container: { flex: 1, alignItems: 'center', justifyContent: 'center', gap: 8 },
  title: { fontSize: 22, fontWeight: '600' },
  link: { marginTop: 16, color: '#2e78b7' },
});
