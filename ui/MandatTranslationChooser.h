#pragma once

#include <QWidget>

class QComboBox;
class QLabel;

/// « Ajouter une traduction pour l'usager : » and a combo box: « Aucune », then the languages of
/// MandatTranslation::available() named in French and in their own name (« Arabe (العربية) »).
/// The choice is remembered for the usager on this workstation (Settings::mandatTranslation, keyed
/// by the usager's id). Used by the print step of the wizard and by the usager page (reprint,
/// revocation attestation).
class MandatTranslationChooser final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MandatTranslationChooser)

public:
    explicit MandatTranslationChooser(QWidget *parent = nullptr);
    ~MandatTranslationChooser() override;

    /// Shows the choice remembered for this usager (« Aucune » when none or unknown).
    void setUsager(qint64 usagerId);
    /// The chosen language ("ar"…), empty for « Aucune ».
    QString language() const;
    QComboBox *comboBox() const { return m_combo; }

signals:
    void languageChanged(const QString &language);

private:
    void chosen(int index);

    QLabel *m_label = nullptr;
    QComboBox *m_combo = nullptr;
    qint64 m_usagerId = 0;
};
